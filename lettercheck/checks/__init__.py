"""Rules, one module per family (LC1xx citations, LC2xx payments, ...); each module registers its own."""
