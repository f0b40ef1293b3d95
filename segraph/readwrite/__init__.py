"""Stage 5: networks and analyses written for other tools: Gephi, Kumu, spreadsheets, reports."""
