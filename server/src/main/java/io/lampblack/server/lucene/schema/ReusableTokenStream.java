package io.lampblack.server.lucene.schema;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Replays the tokens the writer collected for one field. One instance per field lives as long
 * as the writer; {@link #reset()} rewinds it, so a document can be consumed more than once
 * (index writer and watchlist monitor) until the writer moves on to the next document.
 */
final class ReusableTokenStream extends TokenStream {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
    private final TokenSource source;
    private int next;

    ReusableTokenStream(TokenSource source) {
        this.source = source;
    }

    @Override
    public boolean incrementToken() {
        if (next >= source.size()) {
            return false;
        }
        clearAttributes();
        term.copyBuffer(source.chars(), source.start(next), source.length(next));
        increment.setPositionIncrement(source.positionIncrement(next));
        next++;
        return true;
    }

    @Override
    public void reset() {
        next = 0;
    }
}
