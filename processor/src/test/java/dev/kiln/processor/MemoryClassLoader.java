package dev.kiln.processor;

import java.util.Map;

/** Defines classes from bytes in memory (what a compilation in memory wrote), everything else from the parent. */
public final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    /** {@code classes}: class file bytes by binary name. */
    public MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
        super(parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }
}
