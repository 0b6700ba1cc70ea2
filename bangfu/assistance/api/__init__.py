"""The assistance part's API (viewsets): records, and industry projects."""
