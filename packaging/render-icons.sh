#!/usr/bin/env bash
# Renders packaging/icons/opplan.svg into the PNG sizes the package installs
# (hicolor 16 to 256 pixels). The PNGs are committed, so building the
# package needs no renderer; run this after changing the SVG.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/icons"
for size in 16 32 48 64 128 256; do
  mkdir -p "hicolor/${size}x${size}"
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio opplan.svg \
    --output "hicolor/${size}x${size}/opplan.png"
done
