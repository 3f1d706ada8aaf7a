"""File formats built from domain structures and messages_de texts (.eml, .ics, CSV)."""
