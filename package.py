"""AYON addon package definition for Applications (rez)."""

name = "applications"
title = "Applications (rez)"
version = "2.0.0+rez"
client_dir = "ayon_applications"

ayon_server_version = ">=1.8.3"
ayon_launcher_version = ">=1.0.2"
ayon_required_addons = {
    "core": ">=1.4.0",
}
ayon_compatible_addons = {}
