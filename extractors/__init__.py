"""From a dossier file to pages with boxes, and from text to persons and case facts."""
