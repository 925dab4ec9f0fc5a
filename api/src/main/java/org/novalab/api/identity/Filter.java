package org.novalab.api.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** Keystone's list filters: equality on the named attributes of an entity (a null value: not filtered). */
public record Filter(Map<String, Object> equal) {
    /** The value that matches an attribute that is not set (a top-level project's parent). */
    public static final Object UNSET = new Object();

    public static Filter of(Object... nameValuePairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] != null) {
                m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
            }
        }
        return new Filter(m);
    }

    /** The entities of the type that match, ordered by the attribute named. */
    public <T> List<T> list(Session s, Class<T> type, String orderBy) {
        StringBuilder hql = new StringBuilder("from " + type.getSimpleName() + " e where 1 = 1");
        List<String> names = new ArrayList<>(equal.keySet());
        for (int i = 0; i < names.size(); i++) {
            hql.append(" and e.").append(names.get(i)).append(equal.get(names.get(i)) == UNSET ? " is null" : " = :p" + i);
        }
        hql.append(" order by e.").append(orderBy);
        var q = s.createSelectionQuery(hql.toString(), type);
        for (int i = 0; i < names.size(); i++) {
            Object value = equal.get(names.get(i));
            if (value != UNSET) {
                q.setParameter("p" + i, value);
            }
        }
        return q.list();
    }
}
