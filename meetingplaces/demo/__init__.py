"""Demo meeting places and activities (`manage.py seed_demo`); everything invented."""
