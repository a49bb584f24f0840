#ifndef VT_CPANGOCAIRO_SHIM_H
#define VT_CPANGOCAIRO_SHIM_H
// cairo (PDF surface) and Pango through pangocairo (Debian's libcairo2-dev, libpango1.0-dev):
// the e-certificate's PDF, its Chinese text shaped by Pango in the font fontconfig finds.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/// PANGO_SCALE as a constant Swift can import (the macro is an expression).
static const int vt_pango_scale = PANGO_SCALE;

/// Frees a GObject (g_object_unref takes gpointer; Swift sees the typed pointers as distinct).
static inline void vt_g_object_unref(void *object) {
    g_object_unref(object);
}
#endif
