"""Developer tools: the offline console and the in-process Bot API it talks to."""
