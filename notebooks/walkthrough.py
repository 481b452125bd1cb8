# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # dedup walkthrough: five real articles
#
# The `seeds/` folder holds five real news copies about the Russia–Ukraine standoff of December 2021.
# This notebook loads them, finds the copied passages, aligns the copied sentences, lists where the
# outlets disagree, and draws the document similarity matrix.

# %%
from pathlib import Path

import pandas as pd

import dedup

ROOT = Path.cwd() if (Path.cwd() / "seeds").exists() else Path.cwd().parent
corpus = dedup.read_corpus([ROOT / "seeds"])
pd.DataFrame([d.record() for d in corpus.documents])[["id", "title", "outlet", "date", "n_sentences"]]

# %% [markdown]
# ## Copies: near-duplicate documents and shared passages
#
# No seed is a copy of another as a whole, but several share paragraphs.

# %%
result = dedup.analyse_documents(corpus.documents)
print(len(result.duplicates.pairs), "near-duplicate pairs")
passages = pd.DataFrame([p.record() for p in result.duplicates.passages])
passages[["a", "a_paragraph", "b", "b_paragraph", "similarity"]]

# %% [markdown]
# ## Alignment: which sentence became which

# %%
by_id = {d.id[:3]: d for d in corpus.documents}
links = dedup.align_sentences(by_id["001"].sentences, by_id["004"].sentences)
pd.DataFrame([link.record() for link in links])[["a_sentences", "b_sentences", "score", "a_text", "b_text"]]

# %% [markdown]
# ## Discrepancies, most severe first

# %%
rows = pd.DataFrame([d.record() for d in result.discrepancies])
rows[["severity", "kind", "relation", "a", "b", "a_value", "b_value", "explanation"]]

# %%
assert any({r.a_value, r.b_value} == {"up to 100,000", "over 100,000"} for r in rows.itertuples())

# %% [markdown]
# ## Similarity matrix
#
# Exact shingle Jaccard of each document pair, with the strongest shared passage where the documents
# are not copies as a whole.

# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dedup.near.minhash import SketchParams  # noqa: E402
from dedup.near.neardup import sketch_texts  # noqa: E402

ids = [d.id[:3] for d in corpus.documents]
sketches = sketch_texts([d.text for d in corpus.documents], SketchParams())
n = len(ids)
matrix = np.array([[sketches.sets.jaccard(i, j) for j in range(n)] for i in range(n)])
fig, ax = plt.subplots(figsize=(4.5, 4))
image = ax.imshow(matrix, cmap="viridis", vmin=0, vmax=1)
ax.set_xticks(range(n), ids)
ax.set_yticks(range(n), ids)
ax.set_title("Shingle Jaccard between the seeds")
fig.colorbar(image, ax=ax)
plt.show()
