"""Answers to text: the neutral Report, the views that build it, the renderers per format."""
