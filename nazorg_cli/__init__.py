"""nazorg: yearly evaluation of municipal aftercare after detention."""

__version__ = "0.1.0"
