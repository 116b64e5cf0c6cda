from .audit import AuditEvent
from .calendar import CalendarException
from .mrp import MonthlyCalculationIndex
from .notifications import Notification
from .regions import Region
from .security import AccessAction, ApiToken, PersonalDataAccess, SecurityEvent, SecurityEventKind
from .users import Role, User

__all__ = [
    "AccessAction", "ApiToken", "AuditEvent", "CalendarException", "MonthlyCalculationIndex", "Notification",
    "PersonalDataAccess", "Region", "Role", "SecurityEvent", "SecurityEventKind", "User",
]
