"""The documents for people, from indicatoren.json alone."""

# The documents' formats (--formaat), in the order they are made and listed.
FORMATS = ("md", "html", "docx", "pdf")
