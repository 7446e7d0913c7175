"""Input and output modalities of the Hub's tasks (pipeline tags)."""

from __future__ import annotations

#: pipeline tag -> (input, output)
MODALITIES: dict[str, tuple[str, str]] = {
    "text-classification": ("text", "class labels with scores"),
    "token-classification": ("text", "a label per token"),
    "question-answering": ("text (a question and a context)", "a span of the context"),
    "table-question-answering": ("a table and a question in text", "text"),
    "zero-shot-classification": ("text and candidate labels", "scores per label"),
    "fill-mask": ("text with a mask token", "candidate tokens with scores"),
    "feature-extraction": ("text", "embedding vectors"),
    "sentence-similarity": ("text", "similarity scores"),
    "summarization": ("text", "text"),
    "translation": ("text", "text"),
    "text-generation": ("text", "text"),
    "text2text-generation": ("text", "text"),
    "image-classification": ("images", "class labels with scores"),
    "zero-shot-image-classification": ("images and candidate labels in text", "scores per label"),
    "object-detection": ("images", "bounding boxes with labels"),
    "image-segmentation": ("images", "segmentation masks"),
    "depth-estimation": ("images", "depth maps"),
    "image-to-text": ("images", "text"),
    "image-text-to-text": ("images and text", "text"),
    "visual-question-answering": ("images and a question in text", "text"),
    "text-to-image": ("text", "images"),
    "image-to-image": ("images", "images"),
    "video-classification": ("video", "class labels with scores"),
    "automatic-speech-recognition": ("audio", "text"),
    "audio-classification": ("audio", "class labels with scores"),
    "text-to-speech": ("text", "audio"),
    "text-to-audio": ("text", "audio"),
    "tabular-classification": ("tabular data", "class labels"),
    "tabular-regression": ("tabular data", "numbers"),
    "reinforcement-learning": ("environment observations", "actions"),
}
