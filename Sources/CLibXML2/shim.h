// libxml2 built with ICU includes <unicode/ucnv.h>, whose enums clash with Foundation's own ICU
// copy in any module that imports both. Nothing here uses libxml2's ICU converters, so the
// ICU part of its headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
