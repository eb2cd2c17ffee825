"""Calendars: iCalendar feeds of a staff member's or a team's activities, at a secret-bearing URL."""
