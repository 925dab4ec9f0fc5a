package org.novalab.image.inspect;

import java.io.IOException;
import java.util.Optional;

/** Recognises one format by its magic and reads its virtual size and safety-relevant header fields. */
interface FormatProbe {
    Optional<Inspection> probe(Header header) throws IOException;
}
