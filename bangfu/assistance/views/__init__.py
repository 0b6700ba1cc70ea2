"""The assistance part's pages (views): records, recording, review, projects, the forms."""
