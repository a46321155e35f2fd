#!/usr/bin/env bash
# Regenerates the app icons from the renderer's mark (renderer/public/favicon.svg), so the installer, the
# dock/taskbar and the app's own header show the same symbol. Needs librsvg2-bin (rsvg-convert),
# icnsutils (png2icns) and icoutils (icotool): `apt-get install librsvg2-bin icnsutils icoutils`.
# The outputs are committed; electron-builder only reads them.
set -euo pipefail
cd "$(dirname "$0")"
src=../../renderer/public/favicon.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The mark's inner SVG (without its outer <svg> element), for wrapping.
inner=$(sed -e 's/^<svg[^>]*>//' -e 's/<\/svg>\s*$//' "$src")

# Windows and Linux: the mark fills the square, as taskbars and launchers expect.
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$n" -h "$n" "$src" -o "$work/full-$n.png"
done

# macOS: Apple's icon grid keeps the body at 824/1024 with a soft shadow below it.
cat >"$work/mac.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <filter id="shadow" x="-10%" y="-10%" width="120%" height="130%">
      <feGaussianBlur in="SourceAlpha" stdDeviation="14"/>
      <feOffset dy="12" result="blur"/>
      <feComponentTransfer><feFuncA type="linear" slope="0.28"/></feComponentTransfer>
      <feMerge><feMergeNode/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
  </defs>
  <g filter="url(#shadow)">
    <svg x="100" y="100" width="824" height="824" viewBox="0 0 64 64">$inner</svg>
  </g>
</svg>
SVG
for n in 16 32 48 128 256 512 1024; do
  rsvg-convert -w "$n" -h "$n" "$work/mac.svg" -o "$work/mac-$n.png"
done

cp "$work/full-1024.png" icon.png
icotool -c -o icon.ico "$work"/full-{16,24,32,48,64,128}.png -r "$work/full-256.png"
png2icns icon.icns "$work"/mac-{16,32,48,128,256,512,1024}.png >/dev/null
mkdir -p icons
for n in 16 32 48 64 128 256 512; do
  cp "$work/full-$n.png" "icons/${n}x${n}.png"
done
echo "Icons written to resources/build (icon.png, icon.ico, icon.icns, icons/)."
