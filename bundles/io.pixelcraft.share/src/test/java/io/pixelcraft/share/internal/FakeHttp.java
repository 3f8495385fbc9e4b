package io.pixelcraft.share.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Servlet requests and responses as dynamic proxies: only the methods the share page calls work. */
final class FakeHttp {

    private FakeHttp() {
    }

    static HttpServletRequest request(String method, String pathInfo, Map<String, String> headers, Map<String, String> cookies,
            Map<String, String> parameters) {
        Object proxy = Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] { HttpServletRequest.class },
                (self, call, args) -> switch (call.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    case "getLocales" -> Collections.enumeration(locales(headers.get("Accept-Language")));
                    case "getCookies" -> cookies.isEmpty() ? null
                            : cookies.entrySet().stream().map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "toString" -> method + " /s" + pathInfo;
                    default -> throw new UnsupportedOperationException(call.getName());
                });
        return (HttpServletRequest) proxy;
    }

    private static List<Locale> locales(String acceptLanguage) {
        List<Locale> result = new ArrayList<>();
        if (acceptLanguage != null) {
            for (String part : acceptLanguage.split(",")) {
                result.add(Locale.forLanguageTag(part.split(";")[0].trim()));
            }
        }
        if (result.isEmpty()) {
            result.add(Locale.getDefault());
        }
        return result;
    }

    /** A recorded response. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String html() {
            return body.toString(StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            Object proxy = Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] { HttpServletResponse.class },
                    (self, call, args) -> {
                        switch (call.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                            case "setContentType" -> headers.put("content-type", (String) args[0]);
                            case "setContentLength" -> headers.put("content-length", args[0].toString());
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> throw new UnsupportedOperationException(call.getName());
                        }
                        return null;
                    });
            return (HttpServletResponse) proxy;
        }
    }
}
