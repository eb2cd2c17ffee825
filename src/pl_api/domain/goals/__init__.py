"""Goals: a staff member's chosen focus, with review dates."""
