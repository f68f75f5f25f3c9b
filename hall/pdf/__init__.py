"""PDF builders: plain data in, PDF bytes out, Chinese text in an embedded TrueType font."""
