from .audit import AuditEvent
from .calendar import CalendarException
from .mrp import MonthlyCalculationIndex
from .notifications import Notification
from .regions import Region
from .users import Role, User

__all__ = ["AuditEvent", "CalendarException", "MonthlyCalculationIndex", "Notification", "Region", "Role", "User"]
