"""Training callbacks that measure emissions and write the card when training ends.

One module per framework, each importing its framework only when used:
``modelcard.integrations.transformers.ModelCardCallback`` (a ``TrainerCallback``),
``modelcard.integrations.keras.ModelCardCallback`` (a Keras 3 callback for ``fit()``)
and ``modelcard.integrations.lightning.ModelCardCallback`` (a Lightning callback).
"""
