"""Pages of the reporting calendar: the board and the calendar, submissions and their filings."""
