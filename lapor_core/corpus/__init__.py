"""Text corpus of the demo-report generator (JSON): places, people, topics and officer phrases."""
