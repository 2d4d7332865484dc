"""Time the citation extractor on typical one-page Danish benefit letters.

The figure is CPU time per letter (``time.process_time``), best of several rounds, so other work on a shared
machine inflates it as little as possible. The corpus is loaded and the grammar compiled before timing, as in a
batch run where both happen once per process.

    python bench/citation_speed.py            # prints ms per letter for each sample letter and their mean
    python bench/citation_speed.py --rounds 9 --number 300
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lettercheck.corpus import load_corpus  # noqa: E402
from lettercheck.extract.citations import extract_citations  # noqa: E402

#: a decision on kontanthjælp: dense with citations (about 25), line-broken like text from a PDF
DECISION = """Aarhus Kommune
Jobcenter Aarhus
Sagsnr. 2025-004711, j.nr. 27.15.00
Tlf. 89 40 20 00

Afgørelse om kontanthjælp

Kære Jens Hansen

Vi har den 3. oktober 2025 modtaget din ansøgning om kontanthjælp. Vi har behandlet din ansøgning efter
reglerne i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 1004 af 30. juni 2025.

Afgørelse
Du får kontanthjælp fra den 3. oktober 2025, jf. aktivlovens § 11, stk. 1 og 2, og § 16, stk. 1, nr. 1.
Hjælpen udgør 12.544 kr. om måneden før skat. Beløbet er fastsat efter § 17, jf. § 16, stk. 2.

Begrundelse
Vi har lagt vægt på, at du er fyldt 30 år og ikke har forsørgerpligt over for børn. Du opfylder
betingelserne i § 11, stk. 2, fordi du har været ude for en social begivenhed (ophør af arbejde), og
din mulighed for at forsørge dig selv er ikke til stede. Vi har vurderet din formue efter lovens § 14.

Det er en betingelse for at få hjælp, at du står til rådighed for arbejdsmarkedet, jf. § 13 i
lov om aktiv socialpolitik og kapitel 9 i lov om en aktiv beskæftigelsesindsats. Hvis du ikke
overholder dine pligter, kan hjælpen nedsættes efter §§ 36-40 a. Du skal oplyse om ændringer,
jf. § 11, stk. 2, i retssikkerhedsloven (LBK nr. 265 af 25/02/2022).

Oplysningspligt
Du har pligt til at oplyse kommunen om ændringer i dine forhold, som kan have betydning for
hjælpen, jf. retssikkerhedslovens § 11, stk. 2. Hvis du mod bedre vidende undlader at give
oplysninger, kan du blive pålagt at betale hjælpen tilbage efter aktivlovens § 91, stk. 1, nr. 1.

Klagevejledning
Du kan klage over afgørelsen. Klagen skal være modtaget inden 4 uger efter, at du har modtaget
afgørelsen, jf. retssikkerhedslovens § 67. Vi genvurderer sagen, jf. § 66 i samme lov, og sender
den videre til Ankestyrelsen, hvis vi fastholder afgørelsen. Du kan læse om reglerne i
forvaltningslovens §§ 22-24 og § 19, stk. 1.

Med venlig hilsen
Sagsbehandler Mette Jensen
"""

#: a typical short letter: a few citations, most of the page ordinary prose
NOTICE = """Odense Kommune
Borgerservice
Sagsnummer: 2025-118822
Telefon 66 13 13 72

Orientering om sygedagpenge

Kære Anna Pedersen

Du har meldt dig syg fra dit arbejde den 1. september 2025. Din arbejdsgiver har betalt løn under
sygdom i de første 30 dage, og du har derefter ret til sygedagpenge fra kommunen efter § 7 i lov om
sygedagpenge. Vi skal følge op på din sag senest 8 uger efter første fraværsdag, jf. sygedagpengelovens
§ 13, stk. 1. Til den første samtale skal du medbringe din seneste lønseddel og en oversigt over
dine arbejdstider i de seneste 6 måneder.

Vi gør opmærksom på, at du har pligt til at give kommunen de oplysninger, der er nødvendige for
at vurdere din ret til sygedagpenge, jf. § 11 i retssikkerhedsloven. Hvis du ikke medvirker ved
opfølgningen uden rimelig grund, kan udbetalingen stoppe efter sygedagpengelovens § 21.

Du kan læse mere om reglerne på borger.dk eller ringe til os på telefon 66 13 13 72 mandag til
fredag kl. 10-14. Husk at oplyse dit sagsnummer, når du kontakter os.

Med venlig hilsen
Sygedagpengeteamet
"""

SAMPLES = {"decision (dense)": DECISION, "notice (typical)": NOTICE}


def time_letter(text: str, corpus: object, rounds: int, number: int) -> float:
    """Best-of-``rounds`` CPU milliseconds per extraction."""
    extract_citations(text, corpus)  # warm up: grammar compiled, caches filled
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(number):
            extract_citations(text, corpus)
        best = min(best, (time.process_time() - t0) / number)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--number", type=int, default=200)
    args = ap.parse_args(argv)
    corpus = load_corpus()
    figures = []
    for name, text in SAMPLES.items():
        n = len(extract_citations(text, corpus))
        ms = time_letter(text, corpus, args.rounds, args.number)
        figures.append(ms)
        print(f"{name:<18} {len(text):>5} chars  {n:>3} citations  {ms:.3f} ms/letter")
    print(f"mean {sum(figures) / len(figures):.3f} ms per 1-page letter (target 0.5 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
