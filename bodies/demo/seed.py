def seed_bodies() -> list[str]:
    return []
