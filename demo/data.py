"""Who the demo has: the logins printed by seed_demo and the spread of bailiffs over regions."""

DEMO_PASSWORD = "demo-2026"

# (username, role, region code or None, full name)
DEMO_USERS = [
    ("admin", "admin", None, "Администратор портала"),
    ("staff", "staff", None, "Жанна Серикова (республиканская палата)"),
    ("staff.almaty", "staff", "KZ-75", "Айгерим Нурланова"),
    ("staff.astana", "staff", "KZ-71", "Ержан Касымов"),
    ("lawyer", "lawyer", None, "Асель Жумабекова"),
    ("lawyer2", "lawyer", None, "Дмитрий Ковалёв"),
]



def demo_totp_secret(username: str) -> str:
    """The demo's authenticator secret of a staff or administrator login (Base32, the same on every machine, so
    that a person adds it to an app once). A demo secret only: real users enrol with a random one."""
    import base64
    import hashlib

    return base64.b32encode(hashlib.sha1(f"chamber-portal-demo:{username}".encode()).digest()).decode()


def demo_code_now(secret: str) -> str:
    """The code an authenticator with this secret shows now (django-otp's own TOTP: 30 s, 6 digits)."""
    import base64

    from django_otp.oath import TOTP

    return f"{TOTP(base64.b32decode(secret)).token():06d}"


# Bailiffs per region: 60 in all over five districts; the first of Almaty is the demo login `bailiff`.
BAILIFFS_PER_REGION = {"KZ-75": 20, "KZ-71": 15, "KZ-79": 10, "KZ-35": 8, "KZ-19": 7}

SURNAMES = [
    "Абенов", "Байжанов", "Габдуллин", "Джаксыбеков", "Ескендиров", "Жакупов", "Ибраев", "Калиев",
    "Лукпанов", "Мусин", "Нурпеисов", "Омаров", "Петров", "Рахимов", "Сапаров", "Тулегенов",
    "Уалиев", "Хасенов", "Шайкенов", "Ысқақов",
]
GIVEN_NAMES = ["Арман", "Бауыржан", "Данияр", "Ерлан", "Марат", "Нурлан", "Олжас", "Руслан", "Серик", "Тимур"]


def bailiff_full_name(index: int) -> str:
    return f"{SURNAMES[index % len(SURNAMES)]} {GIVEN_NAMES[(index // len(SURNAMES)) % len(GIVEN_NAMES)]}"
