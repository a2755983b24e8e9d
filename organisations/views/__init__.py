"""Views of the registry: public.py (the directory), manage.py (associations), coordinate.py."""
