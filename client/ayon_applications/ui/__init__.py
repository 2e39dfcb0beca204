"""Qt windows run in their own AYON launcher process."""
