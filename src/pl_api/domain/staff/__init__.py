"""Staff: anyone who learns or leads learning, with school memberships and roles."""
