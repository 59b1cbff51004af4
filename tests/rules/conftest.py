from datetime import datetime
from zoneinfo import ZoneInfo

MONTREAL = ZoneInfo("America/Montreal")


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, tz=MONTREAL) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)
