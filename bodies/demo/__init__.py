def seed() -> list[str]:
    from .seed import seed_bodies

    return seed_bodies()
