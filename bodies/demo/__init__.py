def seed() -> list[str]:
    """BodiesConfig.demo_seeder: the bodies' demo data (builder.seed_bodies)."""
    from .builder import seed_bodies

    return seed_bodies()
