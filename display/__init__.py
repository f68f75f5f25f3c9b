"""Live queue displays: the hall screen (with voice) and a small screen over each window."""
