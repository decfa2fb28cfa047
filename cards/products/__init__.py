"""What a coach prints: each product turns a library and options into rendered bytes."""
