"""The assistance part's actions (services): records, their review, locks, projects."""
