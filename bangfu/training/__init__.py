"""Training of village technicians (乡土人才): sessions and their rosters of trainees."""
