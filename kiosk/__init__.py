"""The kiosk where residents take a numbered ticket (touch screen, zh-CN by default)."""
