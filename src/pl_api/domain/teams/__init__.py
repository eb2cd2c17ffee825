"""Teams: departments, year groups, phases, TLC groups and any other set of staff."""
