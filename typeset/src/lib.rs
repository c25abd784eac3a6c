//! phonghop's PDF writer: A4 pages of text set in the bundled Noto Sans.
