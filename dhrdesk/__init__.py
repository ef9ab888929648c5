"""DHR Desk: offline, encrypted workspace for Domestic Homicide Reviews."""

__version__ = "0.1.0"
APP_NAME = "DHR Desk"
