"""Planned series: a recurring activity (fortnightly on Wednesdays in term time, say) and its dated occurrences."""
