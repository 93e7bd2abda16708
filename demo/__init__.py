"""Demo data for the embedded default (`manage.py seed_demo`): Nord-Isère shops, their products and
hours, accounts and pages.

Every row is looked up by a natural key (email, slug, UPC) before it is created and existing rows are
left as they are, so a second run creates nothing. Generated pictures are written under fixed names
and reused when already stored, so a run that rolled back, or a fresh database on the same media
folder, never leaves a second copy of a file behind.

One module per subject (accounts, shops, catalogue, pages, pictures) and `seed.demo_seed`, which runs
them in order. This package may import every app; no app imports it.
"""
