"""The assistance part's scoped reads (selectors): records, and industry projects."""
