"""What surveys tells the apps above it (the barometer): a wave's answers changed."""

from django.dispatch import Signal

# Sent inside the transaction that saved a response; kwargs: wave_id.
response_submitted = Signal()
