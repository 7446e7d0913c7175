"""The EU AI Act Model Documentation Form: its sections and fields, in the form's order.

From the General-Purpose AI Code of Practice (Transparency chapter, July 2025),
which lays out what Annex XI (technical documentation, kept for the AI Office
and national competent authorities) and Annex XII (information for downstream
providers) of Regulation (EU) 2024/1689 ask of a general-purpose AI model's
provider. Each field names its audiences, so each can be handed its part.
"""

from __future__ import annotations

from dataclasses import dataclass

FORM_ID = "eu-gpai"
TITLE = "Model Documentation Form (EU AI Act, general-purpose AI models)"

AI_OFFICE = "ai-office"
AUTHORITIES = "national-authorities"
DOWNSTREAM = "downstream-providers"
#: audience id -> (short label, who)
AUDIENCES: dict[str, tuple[str, str]] = {
    AI_OFFICE: ("AIO", "the AI Office (Annex XI, on request)"),
    AUTHORITIES: ("NCA", "national competent authorities (Annex XI, on request)"),
    DOWNSTREAM: ("DP", "downstream providers integrating the model (Annex XII)"),
}
ALL = (AI_OFFICE, AUTHORITIES, DOWNSTREAM)
AUTHORITIES_ONLY = (AI_OFFICE, AUTHORITIES)


@dataclass(frozen=True)
class Field:
    """One field of the form.

    Attributes:
        id: a stable kebab-case id (the JSON output's key).
        label: the field's name in the form.
        asks: what the form asks for, one sentence.
        audiences: who receives it.
        annex: the provisions it documents (``"XI 1(d)"``, ``"XII 1(g)"``).
    """

    id: str
    label: str
    asks: str
    audiences: tuple[str, ...]
    annex: tuple[str, ...]


@dataclass(frozen=True)
class FormSection:
    id: str
    title: str
    fields: tuple[Field, ...]


FORM: tuple[FormSection, ...] = (
    FormSection("general", "General information", (
        Field("provider-name", "Legal name of the provider", "the provider's legal name", ALL, ("XI 1", "XII 1")),
        Field("model-name", "Model name", "the model's unique identifier, with its version(s)", ALL, ("XI 1", "XII 1")),
        Field("model-authenticity", "Model authenticity",
              "evidence of the model's provenance and authenticity, e.g. a secure hash of the weights", ALL, ("XI 1",)),
        Field("release-date", "Release date", "when the model was first released", ALL, ("XI 1(c)", "XII 1(c)")),
        Field("union-release-date", "Union market release date", "when the model was placed on the Union market",
              ALL, ("XI 1(c)", "XII 1(c)")),
        Field("model-dependencies", "Model dependencies",
              "the model(s) this one was fine-tuned, distilled or otherwise derived from", ALL, ("XI 1", "XII 1")),
    )),
    FormSection("properties", "Model properties", (
        Field("architecture", "Model architecture", "a general description of the architecture", ALL,
              ("XI 1(d)", "XII 1(f)")),
        Field("design-specification", "Design specification of the model",
              "the model's main design choices and what it optimises for", ALL, ("XI 2(b)",)),
        Field("input-modalities", "Input modalities and maximum input size",
              "the kinds of input (text, image, audio...), their format and maximum size (e.g. context length)",
              ALL, ("XI 1(e)", "XII 1(g)", "XII 2(b)")),
        Field("output-modalities", "Output modalities and maximum output size",
              "the kinds of output, their format and maximum size", ALL, ("XI 1(e)", "XII 1(g)", "XII 2(b)")),
        Field("total-parameters", "Total number of parameters", "at least two significant figures", ALL,
              ("XI 1(d)", "XII 1(f)")),
    )),
    FormSection("distribution", "Methods of distribution and licence", (
        Field("distribution-channels", "Distribution channels",
              "how the model is made available (repositories, APIs, products)", ALL, ("XI 1(c)", "XII 1(c)")),
        Field("license", "Licence", "the licence under which the model is made available", ALL, ("XI 1(f)", "XII 1(h)")),
    )),
    FormSection("use", "Use", (
        Field("acceptable-use-policy", "Acceptable use policy", "the policy, or a link to it", ALL, ("XI 1(b)", "XII 1(b)")),
        Field("intended-uses", "Intended uses", "the tasks the model is intended for", ALL, ("XI 1(a)", "XII 1(a)")),
        Field("restricted-uses", "Restricted or prohibited uses", "uses the provider restricts or prohibits", ALL,
              ("XI 1(b)", "XII 1(b)")),
        Field("ai-system-types", "Type and nature of AI systems",
              "the kinds of AI systems the model can be integrated into", ALL, ("XI 1(a)", "XII 1(a)")),
        Field("integration-means", "Technical means for integration",
              "instructions, infrastructure and tools needed to integrate the model", ALL, ("XI 2(a)", "XII 2(a)")),
        Field("required-hardware", "Required hardware", "the hardware needed to use the model, where applicable", ALL,
              ("XII 1(d)",)),
        Field("required-software", "Required software", "versions of the software needed to use the model", ALL,
              ("XII 1(e)",)),
    )),
    FormSection("training", "Training process", (
        Field("training-process", "Design specification of the training process",
              "how the model was trained: methods, techniques, main steps", ALL, ("XI 2(b)",)),
        Field("design-rationale", "Decision rationale", "key design choices, their rationale and assumptions",
              AUTHORITIES_ONLY, ("XI 2(b)",)),
    )),
    FormSection("data", "Information on the data used for training, testing and validation", (
        Field("data-type", "Data type and modality", "the kinds of data (text, images, audio...)", ALL,
              ("XI 2(c)", "XII 2(c)")),
        Field("data-provenance", "Data provenance", "where the data comes from (datasets, crawls, licensed, synthetic...)",
              ALL, ("XI 2(c)", "XII 2(c)")),
        Field("data-collection", "How the data was obtained and selected", "collection and selection methods",
              AUTHORITIES_ONLY, ("XI 2(c)",)),
        Field("data-points", "Number of data points", "the amount of training data, with its unit (samples, tokens)",
              AUTHORITIES_ONLY, ("XI 2(c)",)),
        Field("data-scope", "Scope and main characteristics", "domains, languages, time span of the data",
              AUTHORITIES_ONLY, ("XI 2(c)",)),
        Field("data-curation", "Data curation methodologies", "cleaning, filtering, labelling and other processing", ALL,
              ("XI 2(c)", "XII 2(c)")),
        Field("unsuitable-data-measures", "Measures to detect unsuitable data sources",
              "how unsuitable sources were detected and handled", AUTHORITIES_ONLY, ("XI 2(c)",)),
        Field("bias-measures", "Measures to detect identifiable biases", "how biases in the data were detected and handled",
              AUTHORITIES_ONLY, ("XI 2(c)",)),
    )),
    FormSection("compute", "Computational resources (during training)", (
        Field("training-time", "Training time", "wall-clock duration and hardware-time (e.g. GPU-hours)",
              AUTHORITIES_ONLY, ("XI 2(d)",)),
        Field("training-compute", "Amount of computation used for training",
              "in FLOP, at least two significant figures (the order of magnitude for national authorities)",
              AUTHORITIES_ONLY, ("XI 2(d)",)),
        Field("compute-methodology", "Measurement methodology", "how the computation was measured or estimated",
              AUTHORITIES_ONLY, ("XI 2(d)",)),
    )),
    FormSection("energy", "Energy consumption (during training and inference)", (
        Field("training-energy", "Amount of energy used for training",
              "in MWh, at least two significant figures; \"not known\" when the compute provider does not disclose it",
              AUTHORITIES_ONLY, ("XI 2(e)",)),
        Field("energy-methodology", "Measurement methodology", "how the energy was measured or estimated",
              AUTHORITIES_ONLY, ("XI 2(e)",)),
        Field("inference-compute", "Benchmarked amount of computation used for inference",
              "FLOP per inference on a stated benchmark", AUTHORITIES_ONLY, ("XI 2(e)",)),
    )),
)  # fmt: skip


def fields() -> list[Field]:
    """Every field, in the form's order."""
    return [f for section in FORM for f in section.fields]
