"""Registry services: multi-model writes and side effects, named <entity>_<action>.

core.py: snapshots, history, search fields. Other modules build on it.
"""
