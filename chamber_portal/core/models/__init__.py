from .audit import AuditEvent
from .calendar import CalendarException
from .mrp import MonthlyCalculationIndex
from .regions import Region
from .users import Role, User

__all__ = ["AuditEvent", "CalendarException", "MonthlyCalculationIndex", "Region", "Role", "User"]
